using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Benchmarks.Targets;

/// <summary>A running orchestrator to measure: reachable by the grain client and/or HTTP.</summary>
public interface IBenchTarget : IAsyncDisposable
{
    string Description { get; }

    /// <summary>The grain client (in-process silo in embedded mode, an Orleans client in cluster mode).</summary>
    IGrainFactory Grains { get; }

    /// <summary>The HTTP gateway, when the scenario goes through HTTP.</summary>
    HttpClient? Http { get; }

    Task<Dictionary<JobStatus, long>> CountsAsync();

    /// <summary>Due time and actual start of the first attempt of each job.</summary>
    Task<IReadOnlyList<(DateTimeOffset Due, DateTimeOffset Started)>> StartsAsync(IReadOnlyList<Guid> jobIds);
}
