using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Orchestrator.Grains.Observability;

/// <summary>
/// Console logs by mode: one JSON object per line in cluster mode (for a log shipper: every property and scope —
/// tenant, job id, attempt, correlation id, silo — is a field), one readable line in embedded and localhost mode.
/// <c>Logging:Console:FormatterName</c> in configuration still wins.
/// </summary>
public static class ConsoleLogs
{
    public static ILoggingBuilder AddOrchestratorConsole(this ILoggingBuilder logging, bool json)
    {
        logging.AddConsole();
        logging.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName ??= json ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple);
        logging.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        logging.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        return logging;
    }
}
