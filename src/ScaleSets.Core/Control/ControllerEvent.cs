namespace ScaleSets.Control;

/// <summary>Something the controller did or saw.</summary>
/// <param name="Time">When, on the controller's clock.</param>
/// <param name="ScaleSetName">The scale set.</param>
/// <param name="Kind">What happened.</param>
/// <param name="InstanceId">The instance, or <see langword="null"/> for set-level events.</param>
/// <param name="CauseId">The decision that caused it: the cause id given to <see cref="ScaleSetController.SetDesiredCapacity"/> or
/// <see cref="ScaleSetController.UpdateModel"/>, or a controller-made id such as <c>repair-3</c>; <see langword="null"/> when none applies.</param>
/// <param name="Message">A readable description.</param>
public sealed record ControllerEvent(
    DateTimeOffset Time,
    string ScaleSetName,
    ControllerEventKind Kind,
    string? InstanceId,
    string? CauseId,
    string Message);
