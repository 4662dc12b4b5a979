package io.github.visionj.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.github.visionj.image.FloatTensor;

/**
 * Time and allocation (run with {@code -prof gc}: gc.alloc.rate.norm is bytes per call) of the
 * decoders' costly steps, on random input that grows with {@code n}: star-convex NMS of n random
 * polygons, box NMS of n random boxes, and the foreground watershed of an image holding n disks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = { "-Xmx4g" })
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecoderBenchmark {

	private static final int RAYS = 32;

	@Param({ "1000", "10000", "100000" })
	public int n;

	/** About one object per 20 × 20 pixels, as in a crowded nucleus image. */
	private int side;
	private int[] centres;
	private float[][] rays;
	private float[] probabilities;
	private List<Detection> boxes;
	private FloatTensor disks;

	@Setup(Level.Trial)
	public void setUp() {
		Random random = new Random(1);
		side = (int) Math.ceil(Math.sqrt(n) * 20);
		centres = new int[n];
		rays = new float[n][RAYS];
		probabilities = new float[n];
		boxes = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			centres[i] = random.nextInt(side * side);
			double radius = 4 + 8 * random.nextDouble();
			for (int k = 0; k < RAYS; k++)
				rays[i][k] = (float) (radius * (0.8 + 0.4 * random.nextDouble()));
			probabilities[i] = 1 - (float) i / n; // already sorted, best first, as NMS expects
			double w = 2 * radius, h = 2 * radius * (0.7 + 0.6 * random.nextDouble());
			boxes.add(new Detection(centres[i] % side - w / 2, centres[i] / side - h / 2, w, h, random.nextInt(3), random.nextFloat()));
		}
		disks = disks(random);
	}

	/** n disks of radius 5 to 8 on a jittered grid with 18-pixel spacing, some touching. */
	private FloatTensor disks(Random random) {
		int perRow = (int) Math.ceil(Math.sqrt(n)), size = perRow * 18 + 18;
		float[] p = new float[size * size];
		for (int i = 0; i < n; i++) {
			int cx = 18 + (i % perRow) * 18 + random.nextInt(5) - 2, cy = 18 + (i / perRow) * 18 + random.nextInt(5) - 2;
			int r = 5 + random.nextInt(4);
			for (int y = cy - r; y <= cy + r; y++)
				for (int x = cx - r; x <= cx + r; x++)
					if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) p[y * size + x] = 1;
		}
		return new FloatTensor(p, 1, size, size);
	}

	@Benchmark
	public List<StarPolygon> starConvexNms() {
		BoxGrid grid = new BoxGrid(0, 0, side, side, 20);
		return PolygonNms.suppress(n,
			i -> StarPolygon.ofRays(centres[i] % side, centres[i] / side, rays[i], probabilities[i], side, side), 0.3, grid);
	}

	@Benchmark
	public List<Detection> yoloNms() {
		return Boxes.nms(boxes, 0.45, n);
	}

	@Benchmark
	public Instances foregroundWatershed() {
		return new ForegroundDecoder().decodeInstances(disks, DecoderSettings.DEFAULTS);
	}
}
