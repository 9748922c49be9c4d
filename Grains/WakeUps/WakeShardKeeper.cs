using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.WakeUps;

/// <summary>
/// Runs on every silo once it is active: every <see cref="WakeUpOptions.KeeperPeriod"/> it calls each wake shard,
/// which activates a shard whose silo died (on whichever silo Orleans places it). So the shards need no reminder of
/// their own, and after a silo dies its shards sweep again within about a keeper period of the death being declared.
/// </summary>
public sealed partial class WakeShardKeeper(
    IGrainFactory grains,
    IOptions<WakeUpOptions> options,
    TimeProvider time,
    ILogger<WakeShardKeeper> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WakeShardKeeper), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(KeepAsync);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task KeepAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAll(Enumerable.Range(0, WakeShards.Count).Select(shard => grains.GetGrain<IWakeShardGrain>(shard).EnsureRunning()));
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                LogKeepFailed(e);
            }
            await Task.Delay(options.Value.KeeperPeriod, time, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Debug, Message = "Wake shard keeper: a shard could not be reached; retrying next period")]
    private partial void LogKeepFailed(Exception error);
}
