using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Tests.RateLimits;

/// <summary>Keeps every log entry, so tests can count what was logged.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, EventId EventId, string Message)> Entries => [.. _entries];

    public int Count(int eventId) => _entries.Count(e => e.EventId.Id == eventId);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, eventId, exception is null ? formatter(state, exception) : $"{formatter(state, exception)} {exception}"));
}
