using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Orchestrator.Grains.Observability;

/// <summary>
/// Registers OpenTelemetry tracing when <c>Orchestrator:Tracing:Enabled</c> is true: the orchestrator's, Orleans'
/// and HttpClient's spans, a ratio sampler that follows the parent's decision, and an OTLP exporter when an endpoint
/// is set. Hosts add their own instrumentation through the <c>more</c> callback (the gateway: ASP.NET Core).
/// </summary>
public static class TracingSetup
{
    /// <summary>True when tracing is on in <paramref name="configuration"/>.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetSection(TracingOptions.Section).Get<TracingOptions>()?.Enabled == true;

    public static IServiceCollection AddOrchestratorTracing(this IServiceCollection services, IConfiguration configuration,
        string defaultServiceName, Action<TracerProviderBuilder>? more = null)
    {
        var options = configuration.GetSection(TracingOptions.Section).Get<TracingOptions>() ?? new TracingOptions();
        if (!options.Enabled) return services;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName ?? defaultServiceName))
            .WithTracing(tracing =>
            {
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.SampleRatio)))
                    .AddSource(JobTracing.SourceName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                    .AddHttpClientInstrumentation();
                more?.Invoke(tracing);
                if (options.OtlpEndpoint is { } endpoint)
                {
                    tracing.AddOtlpExporter(o =>
                    {
                        o.Endpoint = endpoint;
                        o.Protocol = options.OtlpProtocol == OtlpProtocolName.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                    });
                }
            });
        return services;
    }
}
