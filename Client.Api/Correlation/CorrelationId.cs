using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Client.Api.Correlation;

/// <summary>
/// The request's correlation id: taken from <c>X-Correlation-Id</c> when it is a valid id, generated otherwise,
/// put in a logging scope, and echoed in the response header. An endpoint can replace it (a submitted job's own id).
/// </summary>
public static class CorrelationId
{
    public const string Header = "X-Correlation-Id";
    private static readonly object ItemKey = new();

    public static string Get(HttpContext context) => (string)context.Items[ItemKey]!;

    public static void Set(HttpContext context, string correlationId) => context.Items[ItemKey] = correlationId;


    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var incoming = context.Request.Headers[Header].ToString();
            var id = incoming.Length is > 0 and <= JobLimits.MaxCorrelationIdLength && JobLimits.VisibleAsciiPattern().IsMatch(incoming)
                ? incoming
                : Guid.NewGuid().ToString("N");
            Set(context, id);
            // Into every grain call this request makes (Orleans RequestContext), for grains' logs and submitted jobs.
            Grains.Interfaces.Jobs.CorrelationContext.Set(id);
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Header] = Get(context);
                return Task.CompletedTask;
            });
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Http");
            using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
            {
                await next(context);
            }
        });
}
