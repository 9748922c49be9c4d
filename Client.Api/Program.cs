using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orchestrator.Client.Api.Apis;
using Orchestrator.Client.Api.Audit;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Correlation;
using Orchestrator.Client.Api.Health;
using Orchestrator.Client.Api.Hosting;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Client.Api.Problems;
using Orchestrator.Client.Api.RateLimits;
using Orchestrator.Client.Api.Ui;
using Orchestrator.Grains.Observability;
using OpenTelemetry.Trace;
using Prometheus;

Orchestrator.Grains.Observability.OrchestratorMetrics.ConfigureDefaults();
var builder = WebApplication.CreateBuilder(args);
builder.AddOrchestratorCluster();
builder.Logging.AddOrchestratorConsole(json: builder.Configuration.GetOrchestratorMode() == OrchestratorMode.Cluster);
builder.AddOrchestratorAuth();
builder.AddOrchestratorHealth();
builder.Services.AddOrchestratorTracing(builder.Configuration, "orchestrator-api", tracing => tracing.AddAspNetCoreInstrumentation());
builder.Services.AddOrchestratorAudit();
builder.Services.AddOrchestratorRateLimits(builder.Configuration);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
    c.ProblemDetails.Extensions["correlationId"] = CorrelationId.Get(c.HttpContext));
builder.Services.AddExceptionHandler<DomainExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    o.SerializerOptions.Converters.Add(new JsonDuration.Converter());
});
builder.Services.AddOpenApi();
builder.Services.AddSingleton<Orchestrator.Client.Api.Events.EventStreams>();
builder.Services.AddHostedService<Orchestrator.Grains.Observability.MetricsPortServer>();

var app = builder.Build();
app.UseCorrelationId();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseHttpMetrics();
app.UseOrchestratorWebUi();
app.UseAuthentication();
// After authentication, so a record names the caller; before authorization, so denied calls are recorded too.
app.UseOrchestratorAudit();
app.UseOrchestratorRateLimits();
app.UseAuthorization();

app.MapTenantsApi();
app.MapAuthApi();
app.MapAppsApi();
app.MapApiKeysApi();
app.MapUsersApi();
app.MapJobsApi();
app.MapDlqApi();
app.MapEventsApi();
app.MapWorkersApi();
app.MapQueuesApi();
app.MapSchedulesApi();
app.MapWorkflowsApi();
app.MapWorkflowDefinitionsApi();
app.MapAdminApi();
app.MapAuditApi();
app.MapPlansApi();
app.MapUsageApi();
app.MapInvoicesApi();
app.MapNotificationsApi();
app.MapOrchestratorHealth();
// On the public port /metrics is the platform admin's; Prometheus scrapes Orchestrator:Metrics:Port instead.
app.MapMetrics().RequireAuthorization(Policies.Platform);
app.MapDashboardApi();
app.MapOpenApi().AllowAnonymous();
app.UseSwaggerUI(o =>
{
    o.SwaggerEndpoint("/openapi/v1.json", "Orchestrator v1");
    o.RoutePrefix = "docs";
});

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    Console.WriteLine($"Orchestrator API ({app.Configuration.GetOrchestratorMode()} mode) listening on {string.Join(", ", addresses)}");
});
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
