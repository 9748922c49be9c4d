using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Audit;

namespace Orchestrator.Client.Api.Audit;

/// <summary>
/// Takes audit entries from requests and sends them to <see cref="IAuditLogGrain"/> in the background, in batches
/// of up to <see cref="AuditWriterOptions.MaxBatch"/>. <see cref="Record"/> never waits: it puts the entry in a
/// bounded buffer (<see cref="AuditWriterOptions.Capacity"/>); when that is full the entry is dropped, counted in
/// <see cref="Dropped"/>, and a warning is logged once per burst. A batch the cluster does not accept is retried
/// with a doubling delay until it is (the grain skips ids it already has, so a retry never duplicates), so a short
/// cluster outage loses nothing while the buffer lasts. On graceful shutdown the writer sends what is buffered,
/// until the host's shutdown timeout runs out.
/// <para>
/// The trade-off: audit records are written asynchronously, within about <see cref="AuditWriterOptions.FlushInterval"/>
/// (100 ms) of the response, not in the request's own path, so the audit log never slows down or fails an API call.
/// A gateway that crashes (or is killed) loses the records it had not yet sent, and an outage longer than the buffer
/// lasts drops records. Job state is never affected: it is written by the grains, not by this writer.
/// </para>
/// <para>
/// Register it after the Orleans client or silo (<c>AddOrchestratorCluster</c>): hosted services stop in reverse
/// order, so the writer flushes while the cluster connection is still up.
/// </para>
/// </summary>
public sealed partial class AuditWriter : IHostedService, IDisposable
{
    private readonly IClusterClient _cluster;
    private readonly AuditWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditWriter> _logger;
    private readonly Channel<AuditEntry> _buffer;
    /// <summary>Cancelled when the host stops: send what is buffered now, without waiting for a batch to gather.</summary>
    private readonly CancellationTokenSource _stopping = new();
    /// <summary>Cancelled when the host's shutdown timeout runs out: stop retrying, what is left is lost.</summary>
    private readonly CancellationTokenSource _abort = new();
    private Task _loop = Task.CompletedTask;
    private long _dropped;
    private long _droppedInBurst;
    private long _lost;

    public AuditWriter(IClusterClient cluster, IOptions<AuditWriterOptions> options, TimeProvider time, ILogger<AuditWriter> logger)
    {
        _cluster = cluster;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _buffer = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(_options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of dropping silently, so drops are counted
            SingleReader = true,
        });
    }

    /// <summary>Entries dropped because the buffer was full or the writer had stopped, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Entries buffered when shutdown gave up sending them (the cluster stayed away until the host's shutdown timeout).</summary>
    public long LostAtShutdown => Interlocked.Read(ref _lost);

    /// <summary>Buffers the entry for sending; never blocks. False when it was dropped (buffer full, or the writer stopped).</summary>
    public bool Record(AuditEntry entry)
    {
        if (_buffer.Writer.TryWrite(entry)) return true;
        Interlocked.Increment(ref _dropped);
        if (Interlocked.Increment(ref _droppedInBurst) == 1) LogDropping(_options.Capacity);
        return false;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _buffer.Writer.TryComplete();
        await _stopping.CancelAsync();
        await using (cancellationToken.Register(_abort.Cancel))
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _buffer.Reader;
        var batch = new List<AuditEntry>(_options.MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token))
            {
                if (reader.Count < _options.MaxBatch && !_stopping.IsCancellationRequested)
                {
                    // Let a batch gather: one grain call (one insert) per interval instead of one per request.
                    await Task.Delay(_options.FlushInterval, _time, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
                while (batch.Count < _options.MaxBatch && reader.TryRead(out var entry)) batch.Add(entry);
                await SendAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            var lost = batch.Count + reader.Count;
            Interlocked.Add(ref _lost, lost);
            if (lost > 0) LogLostAtShutdown(lost);
        }
    }

    /// <summary>Sends the batch, retrying with a doubling delay until the grain accepts it or shutdown gives up.</summary>
    private async Task SendAsync(List<AuditEntry> batch)
    {
        for (var failures = 0; ; failures++)
        {
            try
            {
                await _cluster.GetGrain<IAuditLogGrain>(0).Append(batch.ToArray()).WaitAsync(_abort.Token);
                if (failures > 0) LogRecovered(batch.Count, failures);
                var dropped = Interlocked.Exchange(ref _droppedInBurst, 0);
                if (dropped > 0) LogDropped(dropped);
                return;
            }
            catch (Exception e) when (!_abort.IsCancellationRequested)
            {
                if (failures == 0) LogSendFailed(batch.Count, e);
                var delay = TimeSpan.FromTicks(Math.Min(_options.MaxRetryDelay.Ticks, _options.RetryDelay.Ticks << Math.Min(failures, 30)));
                await Task.Delay(delay, _time, _abort.Token);
            }
        }
    }
}
