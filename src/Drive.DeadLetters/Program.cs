using Drive.DeadLetters;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await DeadLettersCommand.RunAsync(args, Console.Out, Console.Error, cancel.Token);
