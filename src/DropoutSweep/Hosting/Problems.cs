namespace DropoutSweep.Hosting;

/// <summary>Reports invalid configuration or arguments: one line per problem on standard error, no stack trace, exit 2.</summary>
internal static class Problems
{
    public static int Report(IReadOnlyCollection<string> problems)
    {
        var error = Console.Error;
        error.WriteLine(problems.Count == 1 ? "dropout-sweep: invalid input:" : $"dropout-sweep: {problems.Count} problems with the input:");
        foreach (var problem in problems)
        {
            error.WriteLine($"  - {problem}");
        }

        error.WriteLine("Nothing was run and nothing was written. See --help.");
        return ExitCodes.InvalidInput;
    }
}
