using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Orchestrator.Grains.Notifications;

namespace Orchestrator.Grains.Handlers.Email;

/// <summary>
/// <c>email</c>: delivers one notification by SMTP (MailKit) through <see cref="SmtpOptions"/>. Payload (written by
/// the notification dispatcher; callers cannot submit this type): <c>{"ruleId": "...", "to": ["..."], "event": {...}}</c>.
/// The message names the event and the job (or workflow) id in its subject and body and carries the event's JSON.
/// A permanent SMTP refusal (5xx) dead-letters at once; anything else (connection, 4xx) is retried with backoff.
/// </summary>
public sealed class EmailJobHandler(IOptions<SmtpOptions> options) : IJobHandler
{
    public const string Name = "email";
    public const string DeliveryHeader = "X-Orchestrator-Delivery";

    public IReadOnlyList<string> ValidatePayload(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object) return ["Must be an object with 'ruleId', 'to' and 'event'."];
        var errors = new List<string>();
        if (!options.Value.IsConfigured) errors.Add($"Email is not configured; set {SmtpOptions.Section}:Host.");
        if (!payload.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0
            || to.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String || !Interfaces.Notifications.NotificationRuleLimits.IsEmailAddress(a.GetString()!)))
        {
            errors.Add("'to' must be a non-empty array of email addresses.");
        }
        if (!payload.TryGetProperty("event", out var e) || e.ValueKind != JsonValueKind.Object) errors.Add("'event' must be an object.");
        return errors;
    }

    public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (!smtp.IsConfigured) throw new JobFailedException($"Email is not configured; set {SmtpOptions.Section}:Host.", retryable: false);
        var message = Message(smtp, context);
        using var client = new SmtpClient();
        try
        {
            var security = !smtp.UseTls ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken).ConfigureAwait(false);
            if (smtp.UserName is not null) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken).ConfigureAwait(false);
            var reply = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return new JobHandlerResult(JsonSerializer.Serialize(new { recipients = message.To.Count }), reply);
        }
        catch (SmtpCommandException e)
        {
            throw new JobFailedException($"SMTP {(int)e.StatusCode}: {e.Message}", retryable: (int)e.StatusCode < 500);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or System.Net.Sockets.SocketException or SslHandshakeException or AuthenticationException)
        {
            throw new JobFailedException($"SMTP {e.GetType().Name}: {e.Message}");
        }
    }

    private static MimeMessage Message(SmtpOptions smtp, JobContext context)
    {
        var e = context.Payload.GetProperty("event");
        string? Text(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var subjectId = Text("jobId") is { } jobId ? $"job {jobId}" : $"workflow {Text("workflowId")}";
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        foreach (var to in context.Payload.GetProperty("to").EnumerateArray()) message.To.Add(MailboxAddress.Parse(to.GetString()!));
        message.Subject = $"[Orchestrator] {Text("event")}: {subjectId} is {Text("status")}";
        message.Headers.Add(DeliveryHeader, context.JobId.ToString("D"));
        var body = new StringBuilder()
            .AppendLine($"Event: {Text("event")}")
            .AppendLine($"Tenant: {Text("tenant")}")
            .AppendLine(Text("jobId") is { } id ? $"Job: {id}" : $"Workflow: {Text("workflowId")} ({Text("workflowName")})")
            .AppendLine($"Status: {Text("status")}")
            .AppendLine($"At: {Text("at")}");
        if (Text("error") is { } error) body.AppendLine($"Error: {error}");
        body.AppendLine().AppendLine("Event JSON:").AppendLine(e.GetRawText());
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }
}
