package jobs

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// DefaultListen is where the embedded broker listens unless told otherwise:
// loopback only, NATS's usual port.
const DefaultListen = "127.0.0.1:4222"

// BrokerOptions configure an embedded JetStream server.
type BrokerOptions struct {
	// Listen is HOST:PORT for clients (DefaultListen when empty). Port 0
	// picks a free port (see Broker.URL).
	Listen string
	// DataDir holds the JetStream store; jobs, inputs, outputs and results
	// survive a restart with the same DataDir.
	DataDir string
	// Monitor is HOST:PORT for the server's HTTP monitoring endpoints
	// (/varz, /jsz: queue depth for an autoscaler); empty: none.
	Monitor string
	// Log writes the server's notices and errors to standard error.
	Log bool
}

// Broker is an embedded NATS server with JetStream.
type Broker struct {
	srv *server.Server
}

// StartBroker starts an embedded JetStream server and waits until it
// accepts connections.
func StartBroker(opt BrokerOptions) (*Broker, error) {
	listen := opt.Listen
	if listen == "" {
		listen = DefaultListen
	}
	host, portStr, err := net.SplitHostPort(listen)
	if err != nil {
		return nil, fmt.Errorf("broker: --listen %q: want HOST:PORT", listen)
	}
	var port int
	if _, err := fmt.Sscanf(portStr, "%d", &port); err != nil || port < 0 || port > 65535 {
		return nil, fmt.Errorf("broker: --listen %q: bad port", listen)
	}
	if port == 0 {
		// Pick the port here, so the server's URL is known and stable.
		l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			return nil, fmt.Errorf("broker: %w", err)
		}
		port = l.Addr().(*net.TCPAddr).Port
		l.Close()
	} else {
		// The server reports a busy port only in its log: say it plainly.
		l, err := net.Listen("tcp", net.JoinHostPort(host, portStr))
		if err != nil {
			return nil, fmt.Errorf("broker: %w", err)
		}
		l.Close()
	}
	if opt.DataDir == "" {
		return nil, fmt.Errorf("broker: no data folder given")
	}
	dir, err := filepath.Abs(opt.DataDir)
	if err != nil {
		return nil, fmt.Errorf("broker: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("broker: data folder: %w", err)
	}
	sopt := &server.Options{
		ServerName: "gongwen",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   dir,
		NoSigs:     true,
	}
	if opt.Monitor != "" {
		mh, mp, err := net.SplitHostPort(opt.Monitor)
		if _, e := fmt.Sscanf(mp, "%d", &sopt.HTTPPort); err != nil || e != nil {
			return nil, fmt.Errorf("broker: --monitor %q: want HOST:PORT", opt.Monitor)
		}
		sopt.HTTPHost = mh
	}
	srv, err := server.NewServer(sopt)
	if err != nil {
		return nil, fmt.Errorf("broker: %w", err)
	}
	if opt.Log {
		srv.ConfigureLogger()
	}
	go srv.Start()
	if !srv.ReadyForConnections(30 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("broker: the server did not start on %s within 30 s", listen)
	}
	if !srv.JetStreamEnabled() {
		srv.Shutdown()
		return nil, fmt.Errorf("broker: JetStream did not start (data folder %s)", dir)
	}
	return &Broker{srv: srv}, nil
}

// URL is the address clients connect to, nats://HOST:PORT.
func (b *Broker) URL() string { return b.srv.ClientURL() }

// Shutdown stops the server; stored data stays in the data folder.
func (b *Broker) Shutdown() {
	b.srv.Shutdown()
	b.srv.WaitForShutdown()
}
