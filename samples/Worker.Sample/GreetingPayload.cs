namespace Orchestrator.Worker.Sample;

/// <summary>The sample job's payload, sent as camelCase JSON.</summary>
public sealed record GreetingPayload(string Greeting, DateTimeOffset SentAt);
