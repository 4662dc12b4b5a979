package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.visionj.decode.Instance;
import io.github.visionj.decode.Instances;

/**
 * The objects of every plane of a stack with labels unique across the whole stack (1..N,
 * consecutive). {@code objects().get(i)} describes label {@code i + 1}; an object linked across
 * Z planes has one label in all of them. {@code cut} counts objects that reach the margin of a
 * block of a plane segmented in blocks, so may be cut.
 */
public record InstanceStack(List<PlaneLabels> planes, List<Instance> objects, int cut) {

	/**
	 * The label image of one plane, row-major, with stack-wide labels, and the objects present
	 * in it in label order.
	 */
	public record PlaneLabels(Plane plane, int[] labels, int width, int height, List<Instance> present) {}

	public int count() {
		return objects.size();
	}

	static final class Builder {

		private final boolean linkZ;
		private final double linkIou;
		private final List<PlaneResult<int[]>> labels = new ArrayList<>();
		private final List<Instance> objects = new ArrayList<>(); // by provisional global id - 1
		private int width, height;

		Builder(boolean linkZ, double linkIou) {
			this.linkZ = linkZ;
			this.linkIou = linkIou;
		}

		void add(Plane plane, Instances found) {
			width = found.width();
			height = found.height();
			int[] local = found.labels();
			int[] global = new int[found.count() + 1];
			PlaneResult<int[]> previous = labels.isEmpty() ? null : labels.get(labels.size() - 1);
			Map<Integer, Integer> links = linkZ && previous != null && previous.plane().t() == plane.t() &&
				previous.plane().z() == plane.z() - 1 ? links(previous.result(), local, found.count()) : Map.of();
			for (Instance o : found.objects()) {
				Integer linked = links.get(o.label());
				if (linked != null) {
					global[o.label()] = linked;
					Instance prev = objects.get(linked - 1);
					if (o.score() > prev.score()) objects.set(linked - 1, new Instance(linked, prev.classIndex(), o.score()));
				}
				else {
					objects.add(new Instance(objects.size() + 1, o.classIndex(), o.score()));
					global[o.label()] = objects.size();
				}
			}
			int[] mapped = new int[local.length];
			for (int i = 0; i < local.length; i++)
				mapped[i] = global[local[i]];
			labels.add(new PlaneResult<>(plane, mapped));
		}

		/**
		 * For each local label, the global label of the previous plane it overlaps most, when their
		 * IoU reaches the link threshold; each previous object links at most once.
		 */
		private Map<Integer, Integer> links(int[] previous, int[] local, int count) {
			Map<Long, Integer> overlap = new HashMap<>();
			Map<Integer, Integer> areaPrev = new HashMap<>();
			int[] area = new int[count + 1];
			for (int i = 0; i < local.length; i++) {
				if (previous[i] > 0) areaPrev.merge(previous[i], 1, Integer::sum);
				if (local[i] > 0) {
					area[local[i]]++;
					if (previous[i] > 0) overlap.merge(((long) local[i] << 32) | previous[i], 1, Integer::sum);
				}
			}
			List<double[]> candidates = new ArrayList<>(); // local label, previous label, IoU
			for (Map.Entry<Long, Integer> e : overlap.entrySet()) {
				int l = (int) (e.getKey() >>> 32), p = (int) (long) e.getKey();
				double iou = e.getValue() / (double) (area[l] + areaPrev.get(p) - e.getValue());
				if (iou >= linkIou) candidates.add(new double[] { l, p, iou });
			}
			candidates.sort((a, b) -> Double.compare(b[2], a[2]));
			Map<Integer, Integer> links = new HashMap<>();
			java.util.Set<Integer> taken = new java.util.HashSet<>();
			for (double[] c : candidates)
				if (!links.containsKey((int) c[0]) && taken.add((int) c[1])) links.put((int) c[0], (int) c[1]);
			return links;
		}

		/** @param cut objects that may be cut at a block's margin ({@link Segmentation.Summary#cut()}) */
		InstanceStack build(int cut) {
			List<PlaneLabels> planes = new ArrayList<>(labels.size());
			for (PlaneResult<int[]> p : labels) {
				// Objects of this plane, described with their global labels.
				boolean[] seen = new boolean[objects.size() + 1];
				List<Instance> present = new ArrayList<>();
				for (int l : p.result())
					if (l > 0 && !seen[l]) {
						seen[l] = true;
						present.add(objects.get(l - 1));
					}
				present.sort((a, b) -> Integer.compare(a.label(), b.label()));
				planes.add(new PlaneLabels(p.plane(), p.result(), width, height, present));
			}
			return new InstanceStack(planes, objects, cut);
		}
	}
}
