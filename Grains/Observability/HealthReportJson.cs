using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orchestrator.Grains.Observability;

/// <summary>
/// The body of <c>/healthz</c> and <c>/readyz</c>, the same on gateways and silos:
/// <c>{"status":"Healthy","checks":{"database":{"status":"Healthy","description":"…","durationMs":1.2}}}</c>.
/// </summary>
public static class HealthReportJson
{
    public static byte[] Alive { get; } = JsonSerializer.SerializeToUtf8Bytes(new { status = "Healthy" });

    public static byte[] Write(HealthReport report) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        status = report.Status.ToString(),
        checks = report.Entries.ToDictionary(e => e.Key, e => new
        {
            status = e.Value.Status.ToString(),
            description = e.Value.Description ?? e.Value.Exception?.Message,
            durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
        }),
    });
}
