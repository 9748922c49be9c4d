using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Client.Workers;

/// <summary>Adds typed handlers to the worker registered by <c>AddOrchestratorWorker</c>.</summary>
public sealed class OrchestratorWorkerBuilder(IServiceCollection services)
{
    /// <summary>Runs jobs of <paramref name="type"/> with <typeparamref name="THandler"/> (scoped: one instance per job), the payload read as <typeparamref name="TPayload"/>.</summary>
    public OrchestratorWorkerBuilder AddHandler<THandler, TPayload>(string type) where THandler : class, IWorkerJobHandler<TPayload>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new WorkerHandlerRegistration(type, async (provider, leased, journal, cancellationToken) =>
        {
            TPayload payload;
            try
            {
                payload = leased.Payload.Deserialize<TPayload>(ClientJson.Options)!;
            }
            catch (JsonException e)
            {
                throw new WorkerJobFailedException($"The payload is not a {typeof(TPayload).Name}: {e.Message}", retryable: false);
            }
            await using var scope = provider.CreateAsyncScope();
            var job = new WorkerJob<TPayload>(leased.Id, leased.Type, leased.Attempt, leased.MaxAttempts, leased.CorrelationId, payload, journal);
            return await scope.ServiceProvider.GetRequiredService<THandler>().HandleAsync(job, cancellationToken);
        }));
        return this;
    }
}
