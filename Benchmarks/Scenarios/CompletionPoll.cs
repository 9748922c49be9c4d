using System.Diagnostics;

namespace Orchestrator.Benchmarks.Scenarios;

/// <summary>
/// How long to wait before counting completions again: a quarter of the time the remaining jobs should take at
/// the rate seen since the first count, between 20 ms and 1 s. The end is still seen within 20 ms, but a count
/// that reads every job row (cluster mode: a scan of the tenant's jobs in the database the system under test
/// writes to) is not run 50 times a second for the whole run. It was, and took 13 % of PostgreSQL's time in a
/// 40,000-job run; the peers count completions in their own process, for free.
/// </summary>
public sealed class CompletionPoll
{
    public static readonly TimeSpan Min = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(1);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long? _first;

    public TimeSpan NextDelay(long done, long target)
    {
        _first ??= done;
        var rate = (done - _first.Value) / _clock.Elapsed.TotalSeconds;
        if (rate <= 0) return Min;
        var wait = TimeSpan.FromSeconds((target - done) / rate / 4);
        return wait < Min ? Min : wait > Max ? Max : wait;
    }
}
