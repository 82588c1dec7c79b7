// The dumbbell of bench/peers/dumbbell.ts, in ns-3 (Debian's libns3-dev, ns-3.37), as a peer for
// netsim on the same scenario: the same topology, rates, delays, FIFO queues, wire sizes and
// traffic models, so the two should agree on the delays (in distribution) and can be timed side
// by side. Build (bench/peer.ts does it, cached in the temp dir under a hash of source and versions):
//
//   g++ -O2 -std=c++17 -w bench/peers/dumbbell.cc -o ns3-dumbbell -lns3-core -lns3-network -lns3-internet \
//     -lns3-point-to-point -lns3-traffic-control -lns3-applications -lns3-nix-vector-routing
// (`pkg-config --libs` of these modules names libgsl.so, which the Debian packages do not install,
// so the libraries are named directly; the headers are in /usr/include/ns3.)
//
// Run: ns3-dumbbell --users=200 --seconds=10 --bottleneck=500000000 --seed=1
// Prints one JSON line: mean one-way delay and counts per class (realtime: port 9, business: 10).
//
// The model, as netsim has it: users h_i -- r1 (100 Mb/s, 1 ms), r1 -- r2 (the bottleneck, 10 ms),
// r2 -- s_i (100 Mb/s, 1 ms); every queue one FIFO that never overflows (the traffic-control layer
// removed, device queues of 1,000,000 packets); no processing delay in the routers. Each user sends
// to its sink a voice-like CBR flow (200 B on the wire every 20 ms, users staggered over the
// interval) and a Poisson flow (800 B on the wire, 2 Mb/s, exponential gaps). Wire size = UDP
// payload + 8 (UDP) + 20 (IPv4) + 2 (PPP): the payload is sized so the wire carries exactly what
// netsim serializes. Packets are sent in [0, seconds); the run continues 1 s to drain. A packet's
// delay is from its application send (a SeqTsHeader in its payload carries the time) to the sink's
// socket receive, as netsim's recorder measures it. (FlowMonitor measures the same, IP send to IP
// receive, but its InstallAll connects a trace per node through Config paths that scan the node
// list: setup quadratic in nodes, minutes at 2,000 users, measured with perf.)
//
// Routing: Nix-vector by default (each source computes a route per destination once and packets
// carry it), global routing with --routing=global (a route lookup per packet and hop). Measured on
// this dumbbell at 200 users, 0.25 s: the same delays, 1.9 against 3.0 CPU s; perf puts much of
// ns-3's time per packet in scans over the routers' 201 interfaces and devices.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/nix-vector-routing-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <cstdio>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

const uint32_t kHeaders = 8 + 20 + 2; // UDP, IPv4, PPP

// Packets and delay sums per class (0: realtime, 1: business).
uint64_t g_sent[2] = {0, 0};
uint64_t g_received[2] = {0, 0};
double g_delay[2] = {0, 0};

// Counts each datagram received and its delay from the send time its SeqTsHeader carries.
class Receiver : public Application
{
  public:
    Receiver(uint16_t port, int cls)
        : m_port(port),
          m_class(cls)
    {
    }

  private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
        m_socket->SetRecvCallback(MakeCallback(&Receiver::Receive, this));
    }

    void StopApplication() override
    {
        if (m_socket)
            m_socket->Close();
    }

    void Receive(Ptr<Socket> socket)
    {
        Ptr<Packet> p;
        while ((p = socket->Recv()))
        {
            SeqTsHeader ts;
            p->RemoveHeader(ts);
            g_received[m_class]++;
            g_delay[m_class] += (Simulator::Now() - ts.GetTs()).GetSeconds();
        }
    }

    uint16_t m_port;
    int m_class;
    Ptr<Socket> m_socket;
};

// Sends fixed-size UDP datagrams at constant intervals or with exponential gaps, until `stop`.
class Sender : public Application
{
  public:
    Sender(Address to, int cls, uint32_t wireSize, double interval, bool poisson, Time first, Time stop)
        : m_to(to),
          m_class(cls),
          m_payload(wireSize - kHeaders),
          m_interval(interval),
          m_poisson(poisson),
          m_first(first),
          m_stop(stop)
    {
        m_gap = CreateObject<ExponentialRandomVariable>();
        m_gap->SetAttribute("Mean", DoubleValue(interval));
    }

    // Streams are fixed here, not by the global run number, so each sender has its own.
    void SetStream(int64_t stream)
    {
        m_gap->SetStream(stream);
    }

  private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Connect(m_to);
        Time first = m_poisson ? Seconds(m_gap->GetValue()) : m_first;
        m_event = Simulator::Schedule(first, &Sender::Send, this);
    }

    void StopApplication() override
    {
        Simulator::Cancel(m_event);
        if (m_socket)
            m_socket->Close();
    }

    void Send()
    {
        if (Simulator::Now() >= m_stop)
            return;
        SeqTsHeader ts; // stamped with the time now
        Ptr<Packet> p = Create<Packet>(m_payload - ts.GetSerializedSize());
        p->AddHeader(ts);
        m_socket->Send(p);
        g_sent[m_class]++;
        Time gap = m_poisson ? Seconds(m_gap->GetValue()) : Seconds(m_interval);
        m_event = Simulator::Schedule(gap, &Sender::Send, this);
    }

    Address m_to;
    int m_class;
    uint32_t m_payload;
    double m_interval;
    bool m_poisson;
    Time m_first;
    Time m_stop;
    Ptr<Socket> m_socket;
    Ptr<ExponentialRandomVariable> m_gap;
    EventId m_event;
};

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t users = 200;
    double seconds = 10;
    uint64_t bottleneck = 500000000;
    uint32_t seed = 1;
    std::string routing = "nix";
    CommandLine cmd;
    cmd.AddValue("users", "users (each with a sink across the bottleneck)", users);
    cmd.AddValue("seconds", "seconds during which traffic is sent", seconds);
    cmd.AddValue("bottleneck", "bottleneck rate, bit/s", bottleneck);
    cmd.AddValue("seed", "RNG run number", seed);
    cmd.AddValue("routing", "nix (Nix-vector: a route lookup per flow, cached) or global (a lookup per packet)", routing);
    cmd.Parse(argc, argv);
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(seed);

    // One FIFO per direction that never overflows.
    Config::SetDefault("ns3::DropTailQueue<Packet>::MaxSize", QueueSizeValue(QueueSize("1000000p")));

    NodeContainer routers;
    routers.Create(2);
    NodeContainer hosts;
    hosts.Create(users);
    NodeContainer sinks;
    sinks.Create(users);
    InternetStackHelper stack;
    Ipv4NixVectorHelper nix;
    if (routing == "nix")
        stack.SetRoutingHelper(nix);
    else if (routing != "global")
    {
        std::fprintf(stderr, "--routing must be nix or global\n");
        return 2;
    }
    stack.Install(routers);
    stack.Install(hosts);
    stack.Install(sinks);

    PointToPointHelper access;
    access.SetDeviceAttribute("DataRate", DataRateValue(DataRate(100000000)));
    access.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
    PointToPointHelper core;
    core.SetDeviceAttribute("DataRate", DataRateValue(DataRate(bottleneck)));
    core.SetChannelAttribute("Delay", TimeValue(MilliSeconds(10)));

    Ipv4AddressHelper addresses;
    TrafficControlHelper tc;
    auto link = [&](PointToPointHelper& p, Ptr<Node> a, Ptr<Node> b) {
        NetDeviceContainer d = p.Install(a, b);
        Ipv4InterfaceContainer i = addresses.Assign(d);
        tc.Uninstall(d); // the device queue is the only queue: one FIFO, as in netsim
        addresses.NewNetwork();
        return i;
    };
    addresses.SetBase("10.0.0.0", "255.255.255.252");
    link(core, routers.Get(0), routers.Get(1));
    std::vector<Ipv4Address> sinkAddress(users);
    for (uint32_t u = 0; u < users; u++)
    {
        link(access, hosts.Get(u), routers.Get(0));
        Ipv4InterfaceContainer s = link(access, routers.Get(1), sinks.Get(u));
        sinkAddress[u] = s.GetAddress(1);
    }
    if (routing == "global")
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    const uint16_t voicePort = 9;
    const uint16_t businessPort = 10;
    for (uint32_t u = 0; u < users; u++)
    {
        sinks.Get(u)->AddApplication(CreateObject<Receiver>(voicePort, 0));
        sinks.Get(u)->AddApplication(CreateObject<Receiver>(businessPort, 1));
    }
    Time stop = Seconds(seconds);
    int64_t stream = 1000;
    for (uint32_t u = 0; u < users; u++)
    {
        Time first = Seconds(0.02 * u / users);
        Ptr<Sender> voice =
            CreateObject<Sender>(InetSocketAddress(sinkAddress[u], voicePort), 0, 200, 0.02, false, first, stop);
        Ptr<Sender> business = CreateObject<Sender>(InetSocketAddress(sinkAddress[u], businessPort),
                                                    1,
                                                    800,
                                                    800.0 * 8 / 2e6,
                                                    true,
                                                    Seconds(0),
                                                    stop);
        business->SetStream(stream++);
        hosts.Get(u)->AddApplication(voice);
        hosts.Get(u)->AddApplication(business);
    }

    Simulator::Stop(stop + Seconds(1));
    Simulator::Run();

    std::printf("{\"users\":%u,\"seconds\":%g,\"realtime\":{\"sent\":%llu,\"received\":%llu,\"meanDelayMs\":%.9f},"
                "\"business\":{\"sent\":%llu,\"received\":%llu,\"meanDelayMs\":%.9f}}\n",
                users,
                seconds,
                (unsigned long long)g_sent[0],
                (unsigned long long)g_received[0],
                g_received[0] ? 1000 * g_delay[0] / g_received[0] : -1.0,
                (unsigned long long)g_sent[1],
                (unsigned long long)g_received[1],
                g_received[1] ? 1000 * g_delay[1] / g_received[1] : -1.0);
    Simulator::Destroy();
    return 0;
}
