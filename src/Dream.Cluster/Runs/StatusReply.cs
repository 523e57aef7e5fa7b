namespace Dream.Cluster.Runs;

/// <summary>
/// A reply that is either a value or an error (Pekko's StatusReply, which Akka.NET lacks): an entity answers a
/// refused command with a reason instead of leaving the asker to time out.
/// </summary>
public sealed record StatusReply<T>(bool IsSuccess, T? Value, StatusError? Error) : CborSerializable
{
    public static StatusReply<T> Success(T value) => new(true, value, null);

    public static StatusReply<T> Failure(string message) => new(false, default, new StatusError(message));
}

/// <summary>Why a command was refused.</summary>
public sealed record StatusError(string Message) : CborSerializable;
