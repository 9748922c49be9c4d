using System.Text;

namespace Orchestrator.Grains.Handlers;

/// <summary>Keeps the last <see cref="Capacity"/> characters of a stream of text (a handler's output).</summary>
public sealed class OutputTail(int capacity = OutputTail.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public int Capacity { get; } = capacity;

    public void Append(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _text.Append(line).Append('\n');
            if (_text.Length > Capacity) _text.Remove(0, _text.Length - Capacity);
        }
    }

    public override string ToString()
    {
        lock (_gate) return _text.ToString();
    }
}
