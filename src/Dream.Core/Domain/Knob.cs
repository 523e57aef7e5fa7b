namespace Dream.Core.Domain;

/// <summary>
/// One tunable setting of a domain (a gene). Values travel as long (int), double (float), string (choice)
/// and bool (bool); <see cref="Genome"/> keeps them in that canonical form. <see cref="Stock"/> is the
/// declared <c>default:</c> (null when the actuator reads it from the machine).
/// </summary>
public abstract record Knob(string Name, ActuatorSpec Actuator)
{
    /// <summary>"int", "float", "choice" or "bool": the type name of domain files and candidate packs.</summary>
    public abstract string Type { get; }

    /// <summary>Declared stock value in canonical form, or null if it must be read from the machine.</summary>
    public abstract object? Stock { get; }
}

/// <summary>Step 0 means every integer; Log spaces the encoding logarithmically (min &gt;= 1).</summary>
public sealed record IntKnob(string Name, long Min, long Max, long Step, bool Log, long? StockValue, ActuatorSpec Actuator)
    : Knob(Name, Actuator)
{
    public override string Type => "int";
    public override object? Stock => StockValue;
}

/// <summary>Step null means continuous; a step grid starts at Min.</summary>
public sealed record FloatKnob(string Name, double Min, double Max, double? Step, bool Log, double? StockValue, ActuatorSpec Actuator)
    : Knob(Name, Actuator)
{
    public override string Type => "float";
    public override object? Stock => StockValue;
}

public sealed record ChoiceKnob(string Name, IReadOnlyList<string> Choices, string? StockValue, ActuatorSpec Actuator)
    : Knob(Name, Actuator)
{
    public override string Type => "choice";
    public override object? Stock => StockValue;

    public bool Equals(ChoiceKnob? other) =>
        other is not null && Name == other.Name && Choices.SequenceEqual(other.Choices) &&
        StockValue == other.StockValue && Actuator.Equals(other.Actuator);

    public override int GetHashCode() => HashCode.Combine(Name, Choices.Count, StockValue);
}

public sealed record BoolKnob(string Name, bool? StockValue, ActuatorSpec Actuator) : Knob(Name, Actuator)
{
    public override string Type => "bool";
    public override object? Stock => StockValue;
}
