// The usings nearly every test file needs. PyMemory itself is in scope through the PyMemory.Tests.* namespaces.
global using PyMemory.Tests.Infrastructure;
global using Shouldly;
global using Xunit;
