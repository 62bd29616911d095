namespace DropoutSweep.Tests.Progress;

/// <summary>A clock that moves only when the test says so: the seam for the progress display's time rules.</summary>
internal sealed class ManualClock : TimeProvider
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => s_start.AddTicks(_ticks);

    /// <summary>Moves the clock to <paramref name="time"/> after its start.</summary>
    public void At(TimeSpan time) => _ticks = time.Ticks;
}
