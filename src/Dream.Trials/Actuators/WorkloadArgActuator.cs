using Dream.Core.Domain;

namespace Dream.Trials.Actuators;

/// <summary>
/// <c>workload-arg</c>: the value goes to the workload as a parameter named by the actuator's <c>path</c>, or by the
/// knob's name when there is none. Nothing on the machine changes, so nothing is restored.
/// </summary>
public sealed class WorkloadArgActuator : IKnobActuator
{
    public bool ChangesSystem => false;

    public void Apply(Knob knob, object value, KnobEffects effects)
    {
        var name = knob.Actuator.Path;
        effects.Arg(string.IsNullOrWhiteSpace(name) ? knob.Name : name, value);
    }
}
