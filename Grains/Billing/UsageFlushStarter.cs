using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// Starts the usage flush once this silo is active: each silo asks, the first activation registers the reminder and
/// the rest find it there. A failed start (the database still coming up) is retried every <see cref="RetryPeriod"/>
/// in the background, so the silo's start never waits on it.
/// </summary>
public sealed partial class UsageFlushStarter(IGrainFactory grains, TimeProvider time, ILogger<UsageFlushStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(UsageFlushStarter), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(StartFlushAsync);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task StartFlushAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IUsageFlushGrain>(0).Start();
                return;
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                LogStartFailed(e);
            }
            await Task.Delay(RetryPeriod, time, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(EventId = 3612, Level = LogLevel.Warning, Message = "The usage flush could not be started; retrying in 30 s")]
    private partial void LogStartFailed(Exception exception);
}
