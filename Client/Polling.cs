namespace Orchestrator.Client;

/// <summary>Waits for a state by reading it again with a growing interval: the client has no push channel (yet).</summary>
internal static class Polling
{
    public static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Reads until <paramref name="done"/> holds; a <see cref="TimeoutException"/> after <paramref name="timeout"/> names the last value.</summary>
    public static async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T>> read, Func<T, bool> done, TimeSpan timeout, TimeSpan maxInterval,
        TimeProvider time, Func<T, string> describe, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var interval = FirstInterval;
        while (true)
        {
            var value = await read(cancellationToken);
            if (done(value)) return value;
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero) throw new TimeoutException($"{describe(value)} after waiting {timeout}.");
            await Task.Delay(interval < left ? interval : left, time, cancellationToken);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, maxInterval.Ticks));
        }
    }
}
