package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Names of what the jobs live in on the server.
const (
	StreamName    = "GONGWEN_JOBS"
	Subject       = "gongwen.jobs"
	ConsumerName  = "gongwen-workers"
	InputsBucket  = "gongwen-inputs"
	OutputsBucket = "gongwen-outputs"
	ResultsBucket = "gongwen-results"
)

// Client is a connection to a NATS server with JetStream and the stream,
// buckets and store the jobs use (created when missing).
type Client struct {
	NC      *nats.Conn
	JS      jetstream.JetStream
	Stream  jetstream.Stream
	Inputs  jetstream.ObjectStore
	Outputs jetstream.ObjectStore
	Results jetstream.KeyValue
}

// ConnectOptions configure Connect.
type ConnectOptions struct {
	// Name identifies the client to the server (monitoring).
	Name string
	// Replicas of the stream and buckets when they are created: 1 for a
	// single server, 3 on a cluster.
	Replicas int
	// Timeout bounds the first connection and the setup.
	Timeout time.Duration
}

// Connect connects to url and makes sure the stream and buckets exist.
// The connection reconnects by itself when the server goes away and comes
// back (a broker restart); Close ends it.
func Connect(ctx context.Context, url string, opt ConnectOptions) (*Client, error) {
	if opt.Timeout == 0 {
		opt.Timeout = 30 * time.Second
	}
	if opt.Replicas == 0 {
		opt.Replicas = 1
	}
	nc, err := nats.Connect(url, nats.Name(opt.Name), nats.MaxReconnects(-1),
		nats.ReconnectWait(500*time.Millisecond), nats.Timeout(opt.Timeout),
		nats.RetryOnFailedConnect(false))
	if err != nil {
		return nil, fmt.Errorf("nats %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("nats %s: %w", url, err)
	}
	c := &Client{NC: nc, JS: js}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	if err := c.setup(ctx, opt.Replicas); err != nil {
		nc.Close()
		return nil, fmt.Errorf("nats %s: %w", url, err)
	}
	return c, nil
}

// Close drains nothing and closes the connection.
func (c *Client) Close() { c.NC.Close() }

func (c *Client) setup(ctx context.Context, replicas int) error {
	var err error
	// Several workers and submitters may set up at once: identical
	// configurations make CreateOrUpdate a no-op, and a lost race is
	// answered by looking the thing up.
	c.Stream, err = c.JS.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        StreamName,
		Description: "gongwen conversion jobs",
		Subjects:    []string{Subject},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Replicas:    replicas,
		// A job published twice within the hour (a re-run of submit) is
		// stored once: its message ID is the job key.
		Duplicates: time.Hour,
	})
	if err != nil {
		if c.Stream, err = c.JS.Stream(ctx, StreamName); err != nil {
			return fmt.Errorf("stream %s: %w", StreamName, err)
		}
	}
	obs := func(name, desc string) (jetstream.ObjectStore, error) {
		s, err := c.JS.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{Bucket: name, Description: desc,
			Storage: jetstream.FileStorage, Replicas: replicas})
		if err != nil {
			if s, err = c.JS.ObjectStore(ctx, name); err != nil {
				return nil, fmt.Errorf("object store %s: %w", name, err)
			}
		}
		return s, nil
	}
	if c.Inputs, err = obs(InputsBucket, "gongwen prepared inputs, by SHA-256"); err != nil {
		return err
	}
	if c.Outputs, err = obs(OutputsBucket, "gongwen outputs, by job key"); err != nil {
		return err
	}
	c.Results, err = c.JS.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: ResultsBucket,
		Description: "gongwen job results, by job key", History: 1, Storage: jetstream.FileStorage, Replicas: replicas})
	if err != nil {
		if c.Results, err = c.JS.KeyValue(ctx, ResultsBucket); err != nil {
			return fmt.Errorf("key-value bucket %s: %w", ResultsBucket, err)
		}
	}
	return nil
}

// result returns the stored result of a job, or nil when there is none yet.
func (c *Client) result(ctx context.Context, key string) (*Result, error) {
	e, err := c.Results.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return decodeResult(e.Value())
}
