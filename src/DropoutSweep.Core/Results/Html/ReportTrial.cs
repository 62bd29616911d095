namespace DropoutSweep.Core.Results.Html;

/// <summary>One finished trial: its number, its configuration and repeat, its status (<c>Completed</c>, <c>Diverged</c>, ...) and final validation metrics.</summary>
public sealed record ReportTrial(int Trial, int Configuration, int Repeat, string Status, double ValidationAccuracy, double ValidationLoss)
{
    /// <summary>True for a completed trial with finite metrics: the trials the charts plot.</summary>
    public bool Plotted => Status == nameof(TrialStatus.Completed) && double.IsFinite(ValidationAccuracy) && double.IsFinite(ValidationLoss);
}
