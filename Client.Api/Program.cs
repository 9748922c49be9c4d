using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orchestrator.Client.Api.Apis;
using Orchestrator.Client.Api.Audit;
using Orchestrator.Client.Api.Correlation;
using Orchestrator.Client.Api.Hosting;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Client.Api.Problems;

var builder = WebApplication.CreateBuilder(args);
builder.AddOrchestratorCluster();
builder.Services.AddOrchestratorAudit();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
    c.ProblemDetails.Extensions["correlationId"] = CorrelationId.Get(c.HttpContext));
builder.Services.AddExceptionHandler<DomainExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    o.SerializerOptions.Converters.Add(new JsonDuration.Converter());
});
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseCorrelationId();
app.UseOrchestratorAudit();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapJobsApi();
app.MapDlqApi();
app.MapHealthApi();
app.MapOpenApi();
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
