using System.Net;
using System.Net.Sockets;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orchestrator.Grains.Audit;
using Orchestrator.Grains.Billing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Observability;
using Orchestrator.Grains.Schedules;
using Orchestrator.Grains.Storage;
using Orchestrator.Grains.Tenants;
using Orchestrator.Grains.WakeUps;
using Orchestrator.Grains.Workflows;
using Orchestrator.Silo.Storage;

namespace Orchestrator.Silo.Hosting;

/// <summary>Wires a silo into a PostgreSQL-backed cluster.</summary>
public static class PostgresClusterExtensions
{
    public const string MembershipSection = "Orchestrator:Cluster:Membership";
    public const string RemindersSection = "Orchestrator:Cluster:Reminders";

    /// <summary>
    /// ADO.NET clustering, reminders and default grain storage on PostgreSQL (invariant <c>Npgsql</c>), the job
    /// storage on the <c>jobs</c> table, the audit log on <c>audit_log</c>, invoices on <c>invoices</c>, and the orchestrator's grains. Membership and reminder options can be
    /// tuned under <c>Orchestrator:Cluster:Membership</c> and <c>Orchestrator:Cluster:Reminders</c>.
    /// </summary>
    public static ISiloBuilder UseOrchestratorCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        var connectionString = ClusterSettings.RequireConnectionString(configuration);
        var cluster = ClusterSettings.From(configuration);
        var ports = configuration.GetSection(SiloPortsOptions.Section).Get<SiloPortsOptions>() ?? new SiloPortsOptions();
        var address = AdvertisedAddress(ports);

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        silo.ConfigureEndpoints(address, ports.SiloPort, ports.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
        silo.Configure<ClusterMembershipOptions>(ApplyMembershipDefaults);
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection(MembershipSection));
        silo.Configure<ReminderOptions>(configuration.GetSection(RemindersSection));
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = ClusterSettings.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = ClusterSettings.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorageAsDefault(o =>
        {
            o.Invariant = ClusterSettings.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage("PubSubStore", o =>
        {
            o.Invariant = ClusterSettings.Invariant;
            o.ConnectionString = connectionString;
        });
        foreach (var storage in new[] { TenancyStorage.Name, ScheduleStorage.Name, WorkflowStorage.Name, BillingStorage.Name })
        {
            silo.AddAdoNetGrainStorage(storage, o =>
            {
                o.Invariant = ClusterSettings.Invariant;
                o.ConnectionString = connectionString;
            });
        }

        var services = silo.Services;
        services.AddSingleton(_ => CreateJobDataSource(connectionString));
        services.AddSingleton<JobStateCodec>();
        services.AddSingleton<PostgresJobStore>();
        services.AddGrainStorage(JobStorage.Name, (sp, _) => sp.GetRequiredService<PostgresJobStore>());
        services.AddSingleton<IJobQueryStore>(sp => sp.GetRequiredService<PostgresJobStore>());
        services.AddSingleton<IJobWakeIndex>(sp => sp.GetRequiredService<PostgresJobStore>());
        services.AddHostedService<JobTableStatistics>();
        services.AddSingleton<IUsageStore, PostgresUsageStore>();
        services.AddSingleton<ISubscriptionStore, PostgresSubscriptionStore>();
        services.AddSingleton<IInvoiceStore, PostgresInvoiceStore>();
        services.AddSingleton<PostgresAuditStore>();
        services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<PostgresAuditStore>());
        services.AddHealthChecks().Add(new HealthCheckRegistration("database",
            sp => new DatabaseHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()), HealthStatus.Unhealthy, [HealthTags.Ready], TimeSpan.FromSeconds(3)));
        return silo.AddOrchestratorGrains();
    }

    /// <summary>
    /// The orchestrator's membership defaults, which <c>Orchestrator:Cluster:Membership</c> can override key by key:
    /// <list type="bullet">
    /// <item>A silo refreshes its "I am alive" row every 10 s and a row 30 s old counts as stale (Orleans: 5 min and
    /// 2 misses). A silo joining skips stale rows when it checks it can reach every active silo, so after a crash of
    /// the whole cluster (kill -9 of every silo) a restarted silo joins about 30 s later instead of waiting up to its
    /// 5-minute join limit and failing. Found by the pending benchmark's restart half.</item>
    /// <item>A probe times out after 2 s (Orleans: 5 s), so a dead silo is declared dead after about three missed
    /// probes, ~6–8 s, and its jobs are re-queued at once by the wake shards: the failover target is 10 s.</item>
    /// </list>
    /// </summary>
    public static void ApplyMembershipDefaults(ClusterMembershipOptions options)
    {
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        options.NumMissedTableIAmAliveLimit = 3;
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
    }

    /// <summary>
    /// The job store's connections. The store keeps no session state, so a pooled connection need not be reset when
    /// it goes back to the pool (Npgsql's reset is a <c>DISCARD ALL</c> round trip per use, measured at half of all
    /// statements per job), and its few statements are prepared automatically, saving the server a parse and plan
    /// per use. A connection string that sets either keyword differently keeps its value.
    /// </summary>
    public static NpgsqlDataSource CreateJobDataSource(string connectionString)
    {
        // NpgsqlConnectionStringBuilder knows every keyword; a plain builder holds only those the string sets.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close")) builder.ConnectionStringBuilder.NoResetOnClose = true;
        if (!given.ContainsKey("Max Auto Prepare")) builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        return builder.Build();
    }

    private static IPAddress AdvertisedAddress(SiloPortsOptions ports)
    {
        if (!string.IsNullOrWhiteSpace(ports.AdvertisedAddress))
        {
            return IPAddress.TryParse(ports.AdvertisedAddress, out var parsed)
                ? parsed
                : Dns.GetHostAddresses(ports.AdvertisedAddress).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        }
        return Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
