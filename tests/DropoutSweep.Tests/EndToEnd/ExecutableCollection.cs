using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// The end-to-end tests run one process at a time: each sweep already uses every core, and a test's waits (for a
/// journal line, for an exit) should not stretch under another test's load.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExecutableCollection
{
    public const string Name = "dropout-sweep executable";
}
