namespace DropoutSweep.Core.Nn.Fast;

/// <summary>A network of the fast path: what every trainable network does, plus its exact state and the SIMD width it runs.</summary>
internal interface IFastNetwork : ITrainableNetwork
{
    /// <summary>Parameters, optimizer moments and step: everything a checkpoint needs (see <see cref="TrainingState"/>).</summary>
    TrainingState State { get; }

    /// <summary>The vector width its kernels were compiled for.</summary>
    SimdWidth Simd { get; }
}
