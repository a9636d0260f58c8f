using System.Reflection;
using PyMemory.ChildHost;

// Usage: PyMemory.ChildHost <scenario> [args...]. The library under test comes from PYMEMORY_TEST_LIBPYTHON
// (each scenario decides whether to use it).
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: PyMemory.ChildHost <scenario> [args...]");
    return 64;
}

IChildScenario? scenario = typeof(IChildScenario).Assembly.GetTypes()
    .Where(t => typeof(IChildScenario).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IChildScenario)Activator.CreateInstance(t)!)
    .FirstOrDefault(s => string.Equals(s.Name, args[0], StringComparison.Ordinal));
if (scenario is null)
{
    Console.Error.WriteLine($"unknown scenario '{args[0]}'");
    return 64;
}

return scenario.Run(args[1..]);
