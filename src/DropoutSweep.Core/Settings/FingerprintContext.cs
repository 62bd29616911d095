namespace DropoutSweep.Core.Settings;

/// <summary>
/// What a section's fingerprint needs beyond its options: the data set's content hash (it replaces the paths of
/// <see cref="PlanEffect.FileContent"/> settings) and the settings the <c>Space</c> sweeps (their fixed values do not count).
/// </summary>
public sealed record FingerprintContext(string? ContentHash, IReadOnlySet<Setting> Swept);
