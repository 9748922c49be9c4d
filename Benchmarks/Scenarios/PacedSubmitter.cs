using System.Collections.Concurrent;
using System.Diagnostics;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Benchmarks.Scenarios;

/// <summary>
/// Submits no-op jobs through the grain client at a steady rate, open loop: a slow or failing call does not delay
/// the next one, up to <c>maxInFlight</c> calls at once (past that, submission waits). A call that returns is
/// acknowledged; one that throws is rejected, counted by exception type.
/// </summary>
public sealed class PacedSubmitter(IGrainFactory grains, double rate, int maxInFlight)
{
    private static readonly JobSpec Noop = new() { Type = "noop", CorrelationId = "bench" };
    private readonly ConcurrentQueue<Guid> _acknowledged = new();
    private readonly ConcurrentDictionary<string, int> _rejected = new();

    public IReadOnlyCollection<Guid> Acknowledged => _acknowledged;
    public int Rejected => _rejected.Values.Sum();
    public IReadOnlyDictionary<string, int> RejectedBy => _rejected;

    /// <summary>Calls started.</summary>
    public long Attempted { get; private set; }

    /// <summary>Submits for <paramref name="duration"/>, then waits for the calls still in flight (Orleans' response timeout bounds them).</summary>
    public async Task RunAsync(TimeSpan duration)
    {
        using var slots = new SemaphoreSlim(maxInFlight);
        var calls = new List<Task>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            while (Attempted < due && clock.Elapsed < duration)
            {
                await slots.WaitAsync();
                Attempted++;
                calls.Add(SubmitOneAsync(slots));
            }
            await Task.Delay(5);
        }
        await Task.WhenAll(calls);
    }

    private async Task SubmitOneAsync(SemaphoreSlim slots)
    {
        var id = JobIds.New();
        try
        {
            await grains.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, id)).Submit(Noop);
            _acknowledged.Enqueue(id);
        }
        catch (Exception e)
        {
            // Whatever the cause (silo unavailable, timeout, storage), the caller was told the job was not taken.
            _rejected.AddOrUpdate(e.GetType().Name, 1, (_, count) => count + 1);
        }
        finally
        {
            slots.Release();
        }
    }
}
