using System.Reflection;
using Orchestrator.Grains.Interfaces.Audit;

namespace Orchestrator.Tests.Audit;

/// <summary>
/// An <see cref="IAuditLogGrain"/> in the test's memory that records what it is sent and can refuse the first
/// calls, and an <see cref="IClusterClient"/> whose every <c>GetGrain</c> returns it: the writer and middleware
/// tests need no cluster.
/// </summary>
public sealed class FakeAuditLog : IAuditLogGrain
{
    private readonly Lock _gate = new();
    private readonly List<AuditEntry> _entries = [];
    private readonly List<int> _batches = [];
    private int _failuresLeft;
    private int _calls;

    /// <summary>How many of the next calls to <see cref="Append"/> throw.</summary>
    public int FailNext { set { lock (_gate) _failuresLeft = value; } }

    /// <summary>Every call to <see cref="Append"/> throws, until set back to false.</summary>
    public bool AlwaysFail { get; set; }

    public int Calls { get { lock (_gate) return _calls; } }

    /// <summary>The entries of the accepted batches, in the order they arrived.</summary>
    public List<AuditEntry> Entries { get { lock (_gate) return [.. _entries]; } }

    /// <summary>The size of each accepted batch.</summary>
    public List<int> Batches { get { lock (_gate) return [.. _batches]; } }

    public IClusterClient Client() => ClientProxy.Create(this);

    public Task Append(IReadOnlyList<AuditEntry> entries)
    {
        lock (_gate)
        {
            _calls++;
            if (AlwaysFail || _failuresLeft-- > 0) return Task.FromException(new TimeoutException("The cluster is away (test)."));
            _entries.AddRange(entries);
            _batches.Add(entries.Count);
        }
        return Task.CompletedTask;
    }

    public Task<AuditPage> List(AuditQuery query) => throw new NotSupportedException();

    /// <summary>Answers every <c>GetGrain</c> with the fake; anything else is not for these tests.</summary>
    public class ClientProxy : DispatchProxy
    {
        private FakeAuditLog _log = null!;

        public static IClusterClient Create(FakeAuditLog log)
        {
            var client = DispatchProxy.Create<IClusterClient, ClientProxy>();
            ((ClientProxy)(object)client)._log = log;
            return client;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IGrainFactory.GetGrain) ? _log : throw new NotSupportedException(targetMethod?.Name);
    }
}
