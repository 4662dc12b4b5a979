package io.github.visionj.decode;

import java.util.Arrays;

/**
 * A min-heap of pixel indices keyed by a float, on primitive arrays. Equal keys leave in the
 * order they came in, so flooding a plateau spreads evenly from its borders.
 */
final class PixelHeap {

	private float[] keys = new float[256];
	private long[] order = new long[256];
	private int[] pixels = new int[256];
	private int size;
	private long pushed;

	boolean isEmpty() {
		return size == 0;
	}

	void push(int pixel, float key) {
		if (size == keys.length) {
			int n = size * 2;
			keys = Arrays.copyOf(keys, n);
			order = Arrays.copyOf(order, n);
			pixels = Arrays.copyOf(pixels, n);
		}
		int i = size++;
		set(i, key, pushed++, pixel);
		while (i > 0) {
			int parent = (i - 1) >>> 1;
			if (!less(i, parent)) break;
			swap(i, parent);
			i = parent;
		}
	}

	/** Removes and returns the pixel with the smallest key. */
	int pop() {
		int top = pixels[0];
		size--;
		set(0, keys[size], order[size], pixels[size]);
		int i = 0;
		while (true) {
			int left = 2 * i + 1, right = left + 1, smallest = i;
			if (left < size && less(left, smallest)) smallest = left;
			if (right < size && less(right, smallest)) smallest = right;
			if (smallest == i) return top;
			swap(i, smallest);
			i = smallest;
		}
	}

	private boolean less(int a, int b) {
		return keys[a] < keys[b] || keys[a] == keys[b] && order[a] < order[b];
	}

	private void set(int i, float key, long seq, int pixel) {
		keys[i] = key;
		order[i] = seq;
		pixels[i] = pixel;
	}

	private void swap(int a, int b) {
		float k = keys[a];
		long o = order[a];
		int p = pixels[a];
		set(a, keys[b], order[b], pixels[b]);
		set(b, k, o, p);
	}
}
