namespace Orchestrator.Client.Http;

/// <summary>The gateway's list envelope, <c>{"items": [...]}</c>.</summary>
internal sealed record ItemsResponse<T>(IReadOnlyList<T> Items);
