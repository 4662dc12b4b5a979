package io.github.visionj.pipeline;

import java.util.List;
import java.util.function.Consumer;

import io.github.visionj.decode.Instance;
import io.github.visionj.image.RowSink;

/**
 * The second step of block-wise instance segmentation: the objects each block owns
 * ({@link OwnedObject}), handed in block order, become one label image and one list of objects.
 * Objects are numbered 1..N across the run in the order they arrive; a pixel two objects claim
 * stays with the first. Finished label rows go to a {@link RowSink}, finished objects to a
 * listener, so memory holds a band of rows ({@link LabelBand}), not the plane. The first step,
 * {@link Segmentation#blockObjects}, may run elsewhere (a Spark executor): the result is the same.
 */
public final class ObjectAssembly {

	private final RowSink sink;
	private final Consumer<ObjectMask> objects;
	private Plane plane;
	private LabelBand band;
	private int count, cut;

	public ObjectAssembly(RowSink sink, Consumer<ObjectMask> objects) {
		this.sink = sink;
		this.objects = objects;
	}

	public void startPlane(Plane plane, Blocks blocks) {
		this.plane = plane;
		band = new LabelBand(blocks, sink, plane);
	}

	/** Adds the objects block {@code block} owns; blocks come in raster order. */
	public void add(Blocks.Block block, List<OwnedObject> owned) {
		band.flushBefore(block.readY0());
		for (OwnedObject o : owned) {
			if (o.cut()) cut++;
			keep(o);
		}
	}

	/** Writes the object's pixels that no earlier object took into the band and hands it on (unless nothing is left). */
	private void keep(OwnedObject o) {
		int label = count + 1, kx0 = Integer.MAX_VALUE, ky0 = Integer.MAX_VALUE, kx1 = -1, ky1 = -1;
		for (int y = 0; y < o.height(); y++)
			for (int x = 0; x < o.width(); x++)
				if (o.mask()[y * o.width() + x] && band.get(o.x() + x, o.y() + y) == 0) {
					band.set(o.x() + x, o.y() + y, label);
					kx0 = Math.min(kx0, x);
					ky0 = Math.min(ky0, y);
					kx1 = Math.max(kx1, x);
					ky1 = Math.max(ky1, y);
				}
		if (kx1 < 0) return;
		count = label;
		int bw = kx1 - kx0 + 1, bh = ky1 - ky0 + 1;
		boolean[] mask = new boolean[bw * bh];
		for (int y = ky0; y <= ky1; y++)
			for (int x = kx0; x <= kx1; x++)
				mask[(y - ky0) * bw + x - kx0] = band.get(o.x() + x, o.y() + y) == label;
		objects.accept(new ObjectMask(plane, new Instance(label, o.classIndex(), o.score()), o.x() + kx0, o.y() + ky0, bw, bh, mask));
	}

	public void endPlane() {
		band.finish();
	}

	public Segmentation.Summary summary() {
		return new Segmentation.Summary(count, cut);
	}
}
