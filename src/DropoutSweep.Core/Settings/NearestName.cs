namespace DropoutSweep.Core.Settings;

/// <summary>Finds the known name a mistyped one was probably meant to be (<c>Droput</c> → <c>DropoutRate</c>).</summary>
public static class NearestName
{
    /// <summary>
    /// The candidate closest to <paramref name="typed"/> (case-insensitive Damerau–Levenshtein distance to the whole
    /// name or to its start, so that a typo of a prefix still finds the name), or null when none is close enough.
    /// </summary>
    public static string? Find(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var lowered = typed.ToLowerInvariant();
        string? best = null;
        var bestScore = int.MaxValue;
        var bestPrefix = -1;
        foreach (var candidate in candidates)
        {
            var name = candidate.ToLowerInvariant();
            var score = Score(lowered, name);
            var prefix = CommonPrefix(lowered, name);
            if (score < bestScore || (score == bestScore && prefix > bestPrefix))
            {
                (best, bestScore, bestPrefix) = (candidate, score, prefix);
            }
        }

        // About one edit in three letters: "Droput" → DropoutRate, but "x" suggests nothing.
        return bestScore <= Math.Max(1, (typed.Length + 2) / 3) ? best : null;
    }

    /// <summary>Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    // A typed name that is a near-miss of the candidate's start ("Droput" for "DropoutRate") counts one more than
    // its distance to that start, so a full-name match still wins over a prefix match.
    private static int Score(string typed, string candidate)
    {
        var score = Distance(typed, candidate);
        for (var length = Math.Max(1, typed.Length - 1); length <= Math.Min(candidate.Length - 1, typed.Length + 1); length++)
        {
            score = Math.Min(score, Distance(typed, candidate[..length]) + 1);
        }

        return score;
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }

        return n;
    }
}
