// Package zipflate gives archive/zip a deflate compressor that reuses its
// writers (github.com/klauspost/compress/flate: some twice as fast as the
// standard library's at the same level; a fresh writer allocates and clears
// about 1 MB). The DOCX and OFD writers register it for their packages.
//
// Concurrency: Compressor and the compressors it returns are safe for use
// by any number of goroutines; each writer they hand out serves one part.
package zipflate

import (
	"archive/zip"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

var pools sync.Map // level → *sync.Pool of *flate.Writer

// Compressor returns a zip compressor at the flate level given (flate's
// levels, 1 fastest to 9 smallest, -1 the default), whose writers go back to
// a pool shared by all compressors of that level when their part is closed.
func Compressor(level int) zip.Compressor {
	p, _ := pools.LoadOrStore(level, &sync.Pool{New: func() any {
		w, _ := flate.NewWriter(nil, level)
		return w
	}})
	pool := p.(*sync.Pool)
	return func(w io.Writer) (io.WriteCloser, error) {
		fw := pool.Get().(*flate.Writer)
		fw.Reset(w)
		return pooled{fw, pool}, nil
	}
}

// pooled returns its writer to the pool when closed.
type pooled struct {
	*flate.Writer
	pool *sync.Pool
}

func (p pooled) Close() error {
	err := p.Writer.Close()
	p.pool.Put(p.Writer)
	return err
}
