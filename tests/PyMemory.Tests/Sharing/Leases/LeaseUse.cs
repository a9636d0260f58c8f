namespace PyMemory.Tests.Sharing.Leases;

/// <summary>A use of a lease (a ref struct, which lambdas cannot capture), so tests can assert what it throws.</summary>
internal delegate void LeaseUse(PyBufferLease lease);
