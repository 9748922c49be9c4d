using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orchestrator.Client.Api.Audit;

/// <summary>Wires the audit log into the gateway: the writer and the middleware.</summary>
public static class AuditExtensions
{
    /// <summary>
    /// The <see cref="AuditWriter"/> (a singleton and hosted service) and its options from <c>Orchestrator:Audit</c>.
    /// Call it after <c>AddOrchestratorCluster</c> so the writer stops, and flushes, before the cluster connection.
    /// Safe to call twice.
    /// </summary>
    public static IServiceCollection AddOrchestratorAudit(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(AuditWriter))) return services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AuditWriterOptions>().BindConfiguration(AuditWriterOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditWriterOptions>, AuditWriterOptionsValidator>();
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        return services;
    }

    /// <summary>
    /// Records state-changing requests (<see cref="AuditMiddleware"/>). Place it after authentication, so the
    /// caller's claims are known; it records the status the caller got wherever the exception handler sits.
    /// </summary>
    public static IApplicationBuilder UseOrchestratorAudit(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetService<AuditWriter>() is null)
        {
            throw new InvalidOperationException($"Call services.{nameof(AddOrchestratorAudit)}() before app.{nameof(UseOrchestratorAudit)}().");
        }
        return app.UseMiddleware<AuditMiddleware>();
    }
}
