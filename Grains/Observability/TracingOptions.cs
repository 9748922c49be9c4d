using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.Observability;

/// <summary>
/// <c>Orchestrator:Tracing</c>: OpenTelemetry traces across gateway → grain → handler. Off by default: when off,
/// nothing of OpenTelemetry is registered and no trace context is stored with jobs.
/// </summary>
public sealed class TracingOptions
{
    public const string Section = "Orchestrator:Tracing";

    public bool Enabled { get; set; }

    /// <summary>Where to send spans over OTLP (e.g. <c>http://otel-collector:4317</c>); none: spans are made but not exported.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (default, port 4317) or <c>HttpProtobuf</c> (port 4318).</summary>
    public OtlpProtocolName OtlpProtocol { get; set; } = OtlpProtocolName.Grpc;

    /// <summary>The <c>service.name</c> resource attribute; default <c>orchestrator-api</c> or <c>orchestrator-silo</c>.</summary>
    public string? ServiceName { get; set; }

    /// <summary>The share of traces kept, 0–1 (default 1), decided at the root and followed by every child.</summary>
    public double SampleRatio { get; set; } = 1.0;
}

/// <summary>The OTLP transports.</summary>
public enum OtlpProtocolName
{
    Grpc,
    HttpProtobuf,
}

/// <summary>Rejects a sample ratio outside 0–1.</summary>
public sealed class TracingOptionsValidator : IValidateOptions<TracingOptions>
{
    public ValidateOptionsResult Validate(string? name, TracingOptions options) =>
        options.SampleRatio is >= 0 and <= 1
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{TracingOptions.Section}:SampleRatio must be between 0 and 1.");
}
