using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Orchestrator.Benchmarks;

/// <summary>
/// <c>ALLOC_PROFILE=1</c>: the runtime's allocation sampling (one event per ~100 KB allocated, naming the type that
/// crossed the line) folded by type and printed to stderr when the run ends, so "what allocates" can be asked of an
/// embedded run without extra tools. Sampled, so only the top of the list means anything.
/// </summary>
public sealed class AllocationProfile : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null)
            return;
        var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
        _bytesByType.AddOrUpdate(type, amount, (_, total) => total + amount);
    }

    public void Print(int top = 40)
    {
        var total = _bytesByType.Values.Sum();
        Console.Error.WriteLine($"sampled allocations: {total / 1_000_000.0:F0} MB");
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(top))
            Console.Error.WriteLine($"  {bytes * 100.0 / total,5:F1}%  {bytes / 1_000_000.0,8:F1} MB  {type}");
    }
}
