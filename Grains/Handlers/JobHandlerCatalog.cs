using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Handlers;

/// <summary>The handlers registered in this silo, by job type.</summary>
public sealed class JobHandlerCatalog(IServiceProvider services, IEnumerable<JobHandlerRegistration> registrations)
{
    private readonly Dictionary<string, JobHandlerRegistration> _byName =
        registrations.GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>The handler of a job type, or null when none is registered.</summary>
    public IJobHandler? Find(string type) =>
        _byName.ContainsKey(type) ? services.GetRequiredKeyedService<IJobHandler>(type) : null;

    /// <summary>Whether the silos run this job type themselves; any other type runs on an external worker.</summary>
    public bool Handles(string type) => _byName.ContainsKey(type);

    /// <summary>
    /// Field errors of a spec that only the silo can judge: a registered handler accepts the payload. A type with no
    /// handler here is not an error: the job waits for an external worker (<c>POST /v1/workers/{id}/lease</c>).
    /// </summary>
    public Dictionary<string, string[]> Validate(JobSpec spec)
    {
        var errors = JobLimits.Validate(spec);
        if (errors.ContainsKey("type")) return errors;
        var handler = Find(spec.Type);
        if (Notifications.NotificationDispatcher.DeliveryTypes.Contains(spec.Type) && !Notifications.NotificationDispatcher.IsSubmitting)
        {
            errors["type"] = [$"'{spec.Type}' jobs deliver notifications and are created only by notification rules (/v1/notifications/rules)."];
            return errors;
        }
        if (handler is null) return errors;
        using var payload = JsonDocument.Parse(spec.Payload);
        var payloadErrors = handler.ValidatePayload(payload.RootElement);
        if (payloadErrors.Count > 0) errors["payload"] = [.. payloadErrors];
        return errors;
    }
}

/// <summary>Marks a keyed <see cref="IJobHandler"/> registration so the catalog can list it.</summary>
public sealed record JobHandlerRegistration(string Name);
