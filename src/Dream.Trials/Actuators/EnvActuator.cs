using Dream.Core.Domain;

namespace Dream.Trials.Actuators;

/// <summary>
/// <c>env</c>: the value goes into the environment of the processes the workload starts, under the actuator's
/// <c>path</c> (the variable's name) or the knob's name. This process's own environment is never changed, so
/// nothing is restored.
/// </summary>
public sealed class EnvActuator : IKnobActuator
{
    public bool ChangesSystem => false;

    public void Apply(Knob knob, object value, KnobEffects effects)
    {
        var name = knob.Actuator.Path;
        effects.SetEnv(string.IsNullOrWhiteSpace(name) ? knob.Name : name, KnobValues.Text(knob, value));
    }
}
