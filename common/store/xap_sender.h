/*
 * xap_sender.h - a remote shard's writes sent from a thread of its own
 * (the writer's, xap_writer.cc).
 */
#ifndef GZ_XAP_SENDER_H
#define GZ_XAP_SENDER_H

#include <xapian.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

/* Writes to a remote shard are round trips during which the server works
 * and the client waits: a thread per remote shard sends them, in order,
 * while the caller builds the next document, and the shards work at the
 * same time.  Only self-contained writes go through it (a new document by
 * its id term, metadata, a commit); everything else waits for it to be
 * idle first (drain), so that no two threads ever use one connection. */
class ShardSender {
  public:
    typedef std::function<void(Xapian::WritableDatabase &)> Op;

    explicit ShardSender(const Xapian::WritableDatabase &db) : db_(db), thread_([this] { run(); }) {}

    ~ShardSender()
    {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }

    /* Queues op; waits while the queue is full (the pending documents
     * are memory). */
    void post(Op op)
    {
        std::unique_lock<std::mutex> lock(mutex_);
        idle_.wait(lock, [this] { return queue_.size() < MAX_QUEUED; });
        queue_.push_back(std::move(op));
        wake_.notify_one();
    }

    /* Waits until every queued write is done; throws the first error. */
    void drain()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
        if (error_) {
            std::exception_ptr e = error_;
            error_ = nullptr;
            std::rethrow_exception(e);
        }
    }

    /* Drops what is queued and waits for the write under way. */
    void discard()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        queue_.clear();
        idle_.wait(lock, [this] { return !busy_; });
    }

    /* The replaces done since the last call, once the queue is written
     * (an error stays for the next drain). */
    unsigned long take_replaced()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
        unsigned long n = replaced_;
        replaced_ = 0;
        return n;
    }

    void count_replaced()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        replaced_++;
    }

  private:
    static const size_t MAX_QUEUED = 256;

    void run()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (queue_.empty())
                return;
            Op op = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
            bool failed = error_ != nullptr;    /* after an error, the rest is dropped */
            lock.unlock();
            std::exception_ptr e;
            if (!failed) {
                try {
                    op(db_);
                } catch (...) {
                    e = std::current_exception();
                }
            }
            op = nullptr;
            lock.lock();
            if (e && !error_)
                error_ = e;
            busy_ = false;
            idle_.notify_all();
        }
    }

    Xapian::WritableDatabase db_;
    std::mutex mutex_;
    std::condition_variable wake_, idle_;
    std::deque<Op> queue_;
    bool busy_ = false, stop_ = false;
    std::exception_ptr error_;
    unsigned long replaced_ = 0;
    std::thread thread_;
};


#endif
