using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;
using Orchestrator.Grains.Audit;
using Orchestrator.Grains.Execution;
using Orchestrator.Grains.Handlers;
using Orchestrator.Grains.Handlers.Http;
using Orchestrator.Grains.Handlers.Shell;
using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.Observability;
using Orchestrator.Grains.Schedules;
using Orchestrator.Grains.Storage;
using Orchestrator.Grains.Tenants;
using Orchestrator.Grains.WakeUps;
using Orchestrator.Grains.Workflows;

namespace Orchestrator.Grains.Hosting;

/// <summary>Wires the orchestrator into an Orleans silo.</summary>
public static class OrchestratorSiloBuilderExtensions
{
    /// <summary>
    /// Grains, the executor, the wake shards' keeper, the built-in handlers (<c>noop</c>, <c>http</c>, <c>shell</c>), notifications (<c>webhook</c>, <c>email</c>), the
    /// Orleans dashboard's silo side (<see cref="AddOrchestratorDashboard"/>) and options bound from
    /// <c>Orchestrator:*</c>. Safe to call twice. The job storage (which is also the query store and the
    /// wake-up index) and the audit store come separately: <see cref="AddInMemoryJobStorage"/> and
    /// <see cref="AddInMemoryAuditLog"/> here, PostgreSQL in cluster mode.
    /// </summary>
    public static ISiloBuilder AddOrchestratorGrains(this ISiloBuilder silo)
    {
        var services = silo.Services;
        if (services.Any(d => d.ServiceType == typeof(OrchestratorGrainsMarker))) return silo;
        services.AddSingleton<OrchestratorGrainsMarker>();
        // Grain calls carry and continue the caller's trace (Orleans' activity propagation), only when tracing is on.
        if (Observability.TracingSetup.IsEnabled(silo.Configuration)) silo.AddActivityPropagation();

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobOptions>, JobOptionsValidator>();
        services.AddOptions<ExecutorOptions>().BindConfiguration(ExecutorOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExecutorOptions>, ExecutorOptionsValidator>();
        services.AddOptions<WakeUpOptions>().BindConfiguration(WakeUpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WakeUpOptions>, WakeUpOptionsValidator>();
        services.AddOptions<HttpHandlerOptions>().BindConfiguration(HttpHandlerOptions.Section);
        services.AddOptions<ShellHandlerOptions>().BindConfiguration(ShellHandlerOptions.Section);
        services.AddOptions<TenancyOptions>().BindConfiguration(TenancyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TenancyOptions>, TenancyOptionsValidator>();
        services.TryAddSingleton<TenantSettingsCache>();
        services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScheduleOptions>, ScheduleOptionsValidator>();

        services.AddOptions<Billing.BillingOptions>().BindConfiguration(Billing.BillingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Billing.BillingOptions>, Billing.BillingOptionsValidator>();
        services.AddOptions<Billing.InvoiceOptions>().BindConfiguration(Billing.InvoiceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Billing.InvoiceOptions>, Billing.InvoiceOptionsValidator>();
        services.AddSingleton<Billing.QuotaGate>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, Billing.UsageFlushStarter>();
        services.AddOptions<Observability.MetricsOptions>().BindConfiguration(Observability.MetricsOptions.Section);
        services.AddOptions<Observability.TracingOptions>().BindConfiguration(Observability.TracingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Observability.TracingOptions>, Observability.TracingOptionsValidator>();
        services.AddSingleton<Observability.JobTracing>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, Observability.ClusterGauges>();
        services.AddHealthChecks().AddCheck<Observability.SiloActiveHealthCheck>("silo", tags: [Observability.HealthTags.Ready]);
        services.AddSingleton<JobExecutor>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<JobExecutor>());
        services.AddSingleton<SiloLiveness>();
        services.AddOptions<Workers.WorkerOptions>().BindConfiguration(Workers.WorkerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Workers.WorkerOptions>, Workers.WorkerOptionsValidator>();
        services.TryAddSingleton<Queues.QueueSettingsCache>();
        services.AddOptions<Events.EventOptions>().BindConfiguration(Events.EventOptions.Section);
        services.AddSingleton<Events.JobEventPublisher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<Events.JobEventPublisher>());
        services.AddSingleton<WakeShardKeeper>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<WakeShardKeeper>());
        services.AddSingleton<JobHandlerCatalog>();
        services.AddJobHandler<NoopJobHandler>(NoopJobHandler.Name);
        services.AddJobHandler<HttpJobHandler>(HttpJobHandler.Name);
        services.AddJobHandler<ShellJobHandler>(ShellJobHandler.Name);
        services.AddOrchestratorNotifications();

        return silo.AddOrchestratorDashboard();
    }

    /// <summary>
    /// The silo side of the Orleans dashboard when <see cref="DashboardSettings.IsEnabled"/> (by default outside cluster mode): its grains
    /// (the cluster-wide <c>IDashboardGrain</c>, the reminders view), a grain service per silo, and an incoming
    /// grain-call filter that times every call while a dashboard is open (one minute past the last poll; otherwise
    /// it only checks a flag). The UI is served by a gateway (<c>MapOrleansDashboard</c>), which may be this host or an
    /// Orleans client. Safe to call twice.
    /// </summary>
    public static ISiloBuilder AddOrchestratorDashboard(this ISiloBuilder silo)
    {
        var services = silo.Services;
        if (!DashboardSettings.IsEnabled(silo.Configuration) || services.Any(d => d.ServiceType == typeof(DashboardMarker))) return silo;
        services.AddSingleton<DashboardMarker>();
        return silo.AddDashboard();
    }

    /// <summary>
    /// The in-memory job storage and query store, and the billing stores beside it (usage, subscriptions, invoices)
    /// (embedded mode, tests). Lost when the process exits.
    /// </summary>
    public static ISiloBuilder AddInMemoryJobStorage(this ISiloBuilder silo)
    {
        var services = silo.Services;
        if (services.Any(d => d.ServiceType == typeof(InMemoryJobStore))) return silo;
        services.AddSingleton<InMemoryJobStore>();
        services.AddGrainStorage(JobStorage.Name, (sp, _) => sp.GetRequiredService<InMemoryJobStore>());
        services.AddSingleton<IJobQueryStore>(sp => sp.GetRequiredService<InMemoryJobStore>());
        services.AddSingleton<IJobWakeIndex>(sp => sp.GetRequiredService<InMemoryJobStore>());
        services.AddSingleton<Billing.IUsageStore, Billing.InMemoryUsageStore>();
        services.AddSingleton<Billing.ISubscriptionStore, Billing.NoSubscriptionStore>();
        services.AddSingleton<Billing.IInvoiceStore, Billing.InMemoryInvoiceStore>();
        return silo;
    }

    /// <summary>
    /// In-memory storage for tenants, users, API keys, refresh families, schedules, workflows and billing (embedded mode, tests). Lost when
    /// the process exits.
    /// </summary>
    public static ISiloBuilder AddInMemoryTenancyStorage(this ISiloBuilder silo)
    {
        if (silo.Services.Any(d => d.ServiceKey is TenancyStorage.Name)) return silo;
        return silo.AddMemoryGrainStorage(TenancyStorage.Name).AddMemoryGrainStorage(ScheduleStorage.Name).AddMemoryGrainStorage(WorkflowStorage.Name)
            .AddMemoryGrainStorage(Billing.BillingStorage.Name);
    }

    /// <summary>
    /// The in-memory audit store behind <c>IAuditLogGrain</c> (embedded mode, tests): the newest
    /// <see cref="InMemoryAuditStore.DefaultCapacity"/> entries, lost when the process exits. Safe to call twice.
    /// </summary>
    public static ISiloBuilder AddInMemoryAuditLog(this ISiloBuilder silo)
    {
        var services = silo.Services;
        if (services.Any(d => d.ServiceType == typeof(InMemoryAuditStore))) return silo;
        services.AddSingleton(_ => new InMemoryAuditStore());
        services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<InMemoryAuditStore>());
        return silo;
    }

    /// <summary>
    /// A single-machine silo: localhost clustering on the ports of <c>Orchestrator:Silo</c>, in-memory reminders,
    /// stream pub-sub, job, tenancy and audit storage. Used by embedded mode and by a standalone <c>Silo</c> outside a cluster.
    /// </summary>
    public static ISiloBuilder UseOrchestratorLocalhost(this ISiloBuilder silo, IConfiguration configuration)
    {
        var ports = configuration.GetSection(SiloPortsOptions.Section).Get<SiloPortsOptions>() ?? new SiloPortsOptions();
        silo.UseLocalhostClustering(ports.SiloPort, ports.GatewayPort);
        silo.UseInMemoryReminderService();
        silo.AddMemoryGrainStorage("PubSubStore");
        return silo.AddInMemoryJobStorage().AddInMemoryTenancyStorage().AddInMemoryAuditLog().AddOrchestratorGrains();
    }

    /// <summary>
    /// Notification rules: options (<c>Orchestrator:Notifications</c>, SMTP under <c>:Smtp</c>), the per-silo rules
    /// cache, the dispatcher that turns transitions into delivery jobs, and the <c>webhook</c> and <c>email</c> handlers.
    /// </summary>
    private static void AddOrchestratorNotifications(this IServiceCollection services)
    {
        services.AddOptions<Notifications.NotificationOptions>().BindConfiguration(Notifications.NotificationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Notifications.NotificationOptions>, Notifications.NotificationOptionsValidator>();
        services.AddOptions<Notifications.SmtpOptions>().BindConfiguration(Notifications.SmtpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Notifications.SmtpOptions>, Notifications.SmtpOptionsValidator>();
        services.AddSingleton<Notifications.NotificationRulesCache>();
        services.AddSingleton<Notifications.NotificationDispatcher>();
        services.AddJobHandler<Handlers.Webhook.WebhookJobHandler>(Handlers.Webhook.WebhookJobHandler.Name);
        services.AddJobHandler<Handlers.Email.EmailJobHandler>(Handlers.Email.EmailJobHandler.Name);
    }

    /// <summary>Registers a .NET job handler under the job type <paramref name="name"/>; a later registration of the same name wins.</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string name)
        where THandler : class, IJobHandler
    {
        services.AddKeyedSingleton<IJobHandler, THandler>(name);
        services.AddSingleton(new JobHandlerRegistration(name));
        return services;
    }

    private sealed class OrchestratorGrainsMarker;

    private sealed class DashboardMarker;
}
