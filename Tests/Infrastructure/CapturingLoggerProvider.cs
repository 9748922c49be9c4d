using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>Keeps every log entry of a host with its structured properties and its scopes' properties, for tests to search.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>One entry: <see cref="Properties"/> holds the message's own and every enclosing scope's key/value pairs.</summary>
    public sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Properties, IReadOnlyDictionary<string, string?> ScopeProperties)
    {
        /// <summary>The entry's event id (a <c>[LoggerMessage]</c>'s <c>EventId</c>).</summary>
        public EventId EventId { get; init; }
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = Pairs(state);
            var scopes = new Dictionary<string, string?>();
            provider._scopes.ForEachScope((scope, into) =>
            {
                foreach (var (key, value) in Pairs(scope)) into[key] = value;
            }, scopes);
            provider.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), properties, scopes) { EventId = eventId });
        }

        private static Dictionary<string, string?> Pairs(object? state)
        {
            var pairs = new Dictionary<string, string?>();
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values) pairs[key] = value?.ToString();
            }
            return pairs;
        }
    }
}
