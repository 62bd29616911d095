namespace DropoutSweep.Core.Search;

/// <summary>How the search space becomes a plan: the cartesian product, or seeded random draws.</summary>
public enum SearchStrategy
{
    Grid,
    Random,
}
