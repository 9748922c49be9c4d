namespace Orchestrator.Tests.Infrastructure;

/// <summary>Polls a condition with a deadline: the one way tests wait for an outcome.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Reads a value until it satisfies <paramref name="condition"/>; fails naming the step and the last value seen.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> condition, string step, TimeSpan? timeout = null, Func<T, string>? describe = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var value = await read();
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {step}. Last value: {(describe is null ? value?.ToString() : describe(value))}");
            }
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    /// <summary>Waits until a synchronous condition holds.</summary>
    public static Task True(Func<bool> condition, string step, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), ok => ok, step, timeout);
}
