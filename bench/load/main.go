// Command load is a small load generator for gongwen serve: it posts one
// file to POST /v1/convert from a number of concurrent clients for a while
// and prints requests per second and latency percentiles.
//
//	go run ./bench/load -url http://127.0.0.1:8080 -file report.txt -c 4 -d 20s
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080", "server address")
	file := flag.String("file", "", "the document to post (.txt or .html)")
	query := flag.String("query", "", "options, e.g. format=pdf&mode=both")
	clients := flag.Int("c", 4, "concurrent clients")
	dur := flag.Duration("d", 20*time.Second, "how long to send requests")
	warm := flag.Int("warm", 4, "requests sent first and not measured")
	flag.Parse()
	data, err := os.ReadFile(*file)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
	ct := "text/plain"
	if ext := strings.ToLower(filepath.Ext(*file)); ext == ".html" || ext == ".htm" {
		ct = "text/html"
	}
	target := *url + "/v1/convert"
	if *query != "" {
		target += "?" + *query
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *clients}}
	send := func() (int, int, error) {
		resp, err := client.Post(target, ct, bytes.NewReader(data))
		if err != nil {
			return 0, 0, err
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, int(n), err
	}
	for i := 0; i < *warm; i++ {
		if status, _, err := send(); err != nil || status != 200 {
			fmt.Fprintf(os.Stderr, "load: warm-up request: status %d, %v\n", status, err)
			os.Exit(1)
		}
	}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		statuses  = map[int]int{}
		failures  int
		bytesIn   int64
	)
	start := time.Now()
	stop := start.Add(*dur)
	var wg sync.WaitGroup
	for c := 0; c < *clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				t := time.Now()
				status, n, err := send()
				d := time.Since(t)
				mu.Lock()
				if err != nil {
					failures++
				} else {
					statuses[status]++
					if status == 200 {
						latencies = append(latencies, d)
						bytesIn += int64(n)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
	}
	fmt.Printf("%s (%d bytes), %d clients, %.1f s: %d answered 200, %.1f req/s, p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms, %.1f MB/s out\n",
		filepath.Base(*file), len(data), *clients, elapsed.Seconds(), len(latencies), float64(len(latencies))/elapsed.Seconds(),
		ms(pct(0.50)), ms(pct(0.90)), ms(pct(0.99)), ms(pct(1)), float64(bytesIn)/elapsed.Seconds()/(1<<20))
	if len(statuses) > 1 || failures > 0 {
		fmt.Printf("statuses %v, transport errors %d\n", statuses, failures)
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
