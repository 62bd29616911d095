namespace DropoutSweep.Progress;

/// <summary>One trial in training, as the progress display shows it.</summary>
/// <param name="TrialId">The trial's number (from 1).</param>
/// <param name="Worker">Where it runs: <c>worker-2</c>, or <c>10.0.0.7:41234/worker-1</c> on another node.</param>
/// <param name="Settings">Its swept settings as report text, <c>dropout_rate 0.1</c> ..., in plan order.</param>
/// <param name="Epoch">The last epoch reported (0 before the first report).</param>
/// <param name="Epochs">The epochs it trains.</param>
/// <param name="ValidationAccuracy">The latest validation accuracy; null before the first evaluation.</param>
/// <param name="Running">How long it has been training.</param>
internal sealed record RunningTrial(
    int TrialId,
    string Worker,
    IReadOnlyList<(string Column, string Value)> Settings,
    int Epoch,
    int Epochs,
    double? ValidationAccuracy,
    TimeSpan Running);
