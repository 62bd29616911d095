using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// The end-to-end tests run one process at a time: each sweep already uses every core, and timing checks (exit within a
/// few seconds of Ctrl+C) must not depend on another test's load.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExecutableCollection
{
    public const string Name = "dropout-sweep executable";
}
